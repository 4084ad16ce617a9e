/**
 * Verification. API: {@link dev.ferry.verify.Verification} (from {@code ferry.verification()}),
 * {@link dev.ferry.verify.VerifyLevel}, {@link dev.ferry.verify.IntegrityOptions},
 * {@link dev.ferry.verify.VerifyResult}, {@link dev.ferry.verify.Finding} and
 * {@link dev.ferry.verify.FixResult}. The checkers, the plan comparison and the fixes are engine.
 */
package dev.ferry.verify;
