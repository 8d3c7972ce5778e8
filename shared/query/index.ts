export { VIEW_NAMES, VIEW_COLUMNS, createViewSql, sqlString, sqlIdent, toSqlTime, type ViewName, type ViewFilters } from './views.js';
export { stageLake, listViewObjects, summariesFromRawMetadata, DEFAULT_FETCH_CAP_BYTES, type StagedLake, type LakeScope } from './lake-files.js';
export { LakeSession, QuerySqlError, type QueryResult } from './lake-engine.js';
export { formatTable, formatCsv, formatJson } from './format.js';
