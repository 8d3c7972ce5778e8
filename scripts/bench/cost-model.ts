/**
 * The cost model: what one GiB of logs costs to process on AWS Lambda (arm64, 1,769 MB = one
 * vCPU), from the measured single-core throughput, plus the S3 PUT requests at the object sizes
 * the pipeline really writes per invocation, beside CloudWatch Logs' own ingestion price.
 *
 * List prices, us-east-1, as published on the AWS pricing pages; assumed current on PRICES_AS_OF
 * (the arm64 compute price has not changed since arm64 Lambda launched in 2021-09).
 */
export const PRICES_AS_OF = '2026-11-25';

export const PRICES = {
  /** Lambda arm64 compute, first tier (first 7.5 billion GB-seconds a month), USD per GB-second. */
  lambdaArmPerGbSecond: 0.0000133334,
  /** Lambda requests, USD per invocation ($0.20 per million). */
  lambdaPerRequest: 0.2 / 1_000_000,
  /** S3 Standard PUT/COPY/POST/LIST, USD per request ($0.005 per 1,000). */
  s3PerPut: 0.005 / 1000,
  /** CloudWatch Logs standard ingestion, USD per GB (for scale, not part of our cost). */
  cloudWatchLogsIngestPerGb: 0.5,
} as const;

/** 1,769 MB: the memory size at which a Lambda function gets one full vCPU. */
export const LAMBDA_MEMORY_MB = 1769;

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export interface CostInput {
  /** Measured throughput of one core, MiB of input records per second. */
  mbPerS: number;
  /** Input bytes per invocation (one delivery). */
  bytesPerInvocation: number;
  /** Objects the pipeline writes per invocation (raw parts, summary, quarantine). */
  putsPerInvocation: number;
  memoryMb?: number;
}

export interface CostBreakdown {
  invocationsPerGb: number;
  computeSecondsPerGb: number;
  gbSecondsPerGb: number;
  computeUsd: number;
  requestsUsd: number;
  putsUsd: number;
  totalUsd: number;
  /** For scale: CloudWatch Logs' ingestion price for the same GiB. */
  cloudWatchIngestUsd: number;
}

/** USD per GiB of input processed; assumes Lambda's one vCPU runs as fast as one core here. */
export function costPerGb(input: CostInput): CostBreakdown {
  if (!(input.mbPerS > 0) || !(input.bytesPerInvocation > 0) || input.putsPerInvocation < 0) {
    throw new RangeError('cost model needs positive throughput and invocation size');
  }
  const memoryGb = (input.memoryMb ?? LAMBDA_MEMORY_MB) / 1024;
  const computeSecondsPerGb = GIB / MIB / input.mbPerS;
  const gbSecondsPerGb = computeSecondsPerGb * memoryGb;
  const invocationsPerGb = GIB / input.bytesPerInvocation;
  const computeUsd = gbSecondsPerGb * PRICES.lambdaArmPerGbSecond;
  const requestsUsd = invocationsPerGb * PRICES.lambdaPerRequest;
  const putsUsd = invocationsPerGb * input.putsPerInvocation * PRICES.s3PerPut;
  return {
    invocationsPerGb,
    computeSecondsPerGb,
    gbSecondsPerGb,
    computeUsd,
    requestsUsd,
    putsUsd,
    totalUsd: computeUsd + requestsUsd + putsUsd,
    cloudWatchIngestUsd: PRICES.cloudWatchLogsIngestPerGb,
  };
}
