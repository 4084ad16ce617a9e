package dev.ferry.transfer.plan;

import java.time.Duration;

/** Plan-wide settings after defaults are applied. */
public record PlanSettings(int minBatch, int maxBatch, Duration commitTarget, int maxRetries) {
}
