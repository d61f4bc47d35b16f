/**
 * Properties of the storage classes in estimateMonthlyStorage, over random rules (the synth property
 * test's arbitraries): the low-cost warm tier moves GB out of warm storage without changing the total,
 * the archive tier holds what cold storage would, and a price equal to the warm (cold) price gives
 * the cost without the tier. Fixed seed; FC_RUNS / FC_SEED as in test/property.
 */
import { Duration } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { RetentionCalculator, StorageModel } from '../../src';
import { rules } from '../property/arbitraries';

const SEED = Number(process.env.FC_SEED ?? 20261202);
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 150;
const params = { seed: SEED, numRuns: RUNS };

const estimateInputs = fc.record({
  resourceSizeGb: fc.integer({ min: 0, max: 2000 }),
  dailyChangeRate: fc.double({ min: 0, max: 1, noNaN: true }),
  storageModel: fc.constantFrom(StorageModel.INCREMENTAL, StorageModel.FULL),
  resourceCount: fc.integer({ min: 1, max: 5 }),
  includeCopies: fc.boolean(),
  warmPricePerGbMonth: fc.double({ min: 0, max: 1, noNaN: true }),
  coldPricePerGbMonth: fc.double({ min: 0, max: 1, noNaN: true }),
});
const tierDays = fc.integer({ min: 60, max: 1000 });
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));

test('S3 low-cost warm tier: warm + low-cost GB is the warm GB without tiering; same price, same cost', () => {
  fc.assert(fc.property(rules(1, 4), tierDays, estimateInputs, (rs, days, inputs) => {
    const plain = RetentionCalculator.forRules(rs).estimateMonthlyStorage({ ...inputs, resourceType: 'S3' });
    const tiered = RetentionCalculator.forRules(rs, { s3WarmTieringAfter: Duration.days(days) })
      .estimateMonthlyStorage({ ...inputs, resourceType: 'S3', lowCostWarmPricePerGbMonth: inputs.warmPricePerGbMonth });
    expect(close(tiered.warmGb + tiered.lowCostWarmGb, plain.warmGb)).toBe(true);
    expect(tiered.coldGb).toBe(plain.coldGb);
    expect(close(tiered.monthlyCost, plain.monthlyCost)).toBe(true);
    expect(tiered.lowCostWarmGb).toBeGreaterThanOrEqual(0);
  }), params);
});

test('tiered points: 0 <= low-cost <= warm, and more days never tier more', () => {
  fc.assert(fc.property(rules(1, 4), tierDays, tierDays, (rs, a, b) => {
    const [early, late] = [Math.min(a, b), Math.max(a, b)];
    const g1 = RetentionCalculator.forRules(rs, { s3WarmTieringAfter: Duration.days(early) }).generations;
    const g2 = RetentionCalculator.forRules(rs, { s3WarmTieringAfter: Duration.days(late) }).generations;
    g1.forEach((g, i) => {
      if (g.warmRecoveryPoints === undefined) {
        expect(g.lowCostWarmRecoveryPoints).toBeUndefined();
        return;
      }
      expect(g.lowCostWarmRecoveryPoints).toBeGreaterThanOrEqual(0);
      expect(g.lowCostWarmRecoveryPoints).toBeLessThanOrEqual(g.warmRecoveryPoints);
      expect(g2[i].lowCostWarmRecoveryPoints).toBeLessThanOrEqual(g.lowCostWarmRecoveryPoints!);
    });
  }), params);
});

test('archive tier: opted-in EBS archives the GB an EFS resource keeps cold; at the cold price, the same cost', () => {
  fc.assert(fc.property(rules(1, 4), estimateInputs, (rs, inputs) => {
    // Copies do not opt in (an EBS copy stays warm, an EFS copy goes cold): compare without them.
    const options = { ...inputs, includeCopies: false };
    const efs = RetentionCalculator.forRules(rs).estimateMonthlyStorage({ ...options, resourceType: 'EFS' });
    const ebs = RetentionCalculator.forRules(rs, { optInToArchive: true })
      .estimateMonthlyStorage({ ...options, resourceType: 'EBS', archivePricePerGbMonth: inputs.coldPricePerGbMonth });
    expect(ebs.archiveGb).toBe(efs.coldGb);
    expect([ebs.coldGb, ebs.warmGb]).toEqual([0, efs.warmGb]);
    expect(close(ebs.monthlyCost, efs.monthlyCost)).toBe(true);
  }), params);
});
