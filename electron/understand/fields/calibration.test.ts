import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { seededRandom } from '../seededRandom.js';
import { calibrateConfidence, calibrateFields, fitPlatt } from './calibration.js';

describe('field confidence calibration', () => {
  it('recovers the Platt scale that generated right and wrong answers', () => {
    const random = seededRandom(3);
    const truth = { a: 2, b: 0.5 };
    const pairs = Array.from({ length: 4000 }, () => {
      const confidence = 0.05 + random() * 0.9;
      return {
        confidence,
        correct: random() < 1 / (1 + Math.exp(-(truth.a * Math.log(confidence / (1 - confidence)) + truth.b))),
      };
    });
    const fitted = fitPlatt(pairs, 0);
    expect(fitted.a).toBeCloseTo(2, 0);
    expect(fitted.b).toBeCloseTo(0.5, 0);
  });

  it("keeps a type with few fields near the rules' own scores", () => {
    const fitted = fitPlatt([
      { confidence: 0.8, correct: true },
      { confidence: 0.8, correct: true },
    ]);
    expect(Math.abs(fitted.a - 1)).toBeLessThan(1);
    expect(calibrateConfidence(0.8, fitted)).toBeLessThan(0.99);
  });

  it("is monotone, never raises a guess, and leaves a person's values alone", () => {
    const scale = { a: 1.7, b: -0.3 };
    expect(calibrateConfidence(0.4, scale)).toBeLessThan(calibrateConfidence(0.6, scale));
    const lifting = { a: 1, b: 1.5 };
    expect(calibrateConfidence(0.85, lifting)).toBeGreaterThan(0.95);
    expect(calibrateConfidence(0.5, lifting)).toBe(0.5);
    const field = (source: FieldValue['source'], confidence: number): FieldValue => ({
      name: 'total',
      value: '9.00',
      normalized: '9.00',
      confidence,
      source,
      page: 1,
      box: null,
    });
    const [embedded, user] = calibrateFields([field('embedded', 0.85), field('user', 1)], scale);
    expect(embedded?.confidence).toBe(calibrateConfidence(0.85, scale));
    expect(user?.confidence).toBe(1);
    expect(calibrateFields([field('embedded', 0.85)], undefined)[0]?.confidence).toBe(0.85);
  });
});
