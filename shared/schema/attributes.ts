import * as z from 'zod';

/**
 * Typed attribute schemas per source_type, by version. Loose objects: the listed fields are
 * checked, others pass through. Normalizers register the fields they promise here.
 */
export const ATTRIBUTE_SCHEMAS: Record<string, Record<string, z.ZodType>> = {
  vpcflow: {
    '1.0': z.looseObject({
      action: z.enum(['ACCEPT', 'REJECT', '-']).optional(),
      bytes: z.number().int().nonnegative().optional(),
      packets: z.number().int().nonnegative().optional(),
      src_port: z.number().int().min(0).max(65535).optional(),
      dst_port: z.number().int().min(0).max(65535).optional(),
    }),
  },
  http_lb: {
    '1.0': z.looseObject({ latency_ms: z.number().nonnegative().optional(), status: z.number().int().optional() }),
  },
  waf: {
    '1.0': z.looseObject({ action: z.string().optional() }),
  },
  // Pull-path evidence types (seed 000 / 003 data models).
  deployment: {
    '1.0': z.looseObject({ revision: z.string().optional(), mapping_confidence: z.enum(['high', 'medium', 'low']).optional() }),
  },
};
