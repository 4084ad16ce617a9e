/**
 * Re-keying a live database in place, integer keys to name-based UUIDs. API:
 * {@link dev.ferry.rekey.Rekeys} (from {@code ferry.rekeys(plan)}), {@link dev.ferry.rekey.RekeyPlanLoader},
 * {@link dev.ferry.rekey.RekeyPlan}, {@link dev.ferry.rekey.ExpandOptions} and the result records
 * {@link dev.ferry.rekey.RekeyAnalysis}, {@link dev.ferry.rekey.ExpandResult}, {@link dev.ferry.rekey.RekeyStatus}.
 * Engine: the model, analyzer, expander, backfill, state table and statement runner.
 */
package dev.ferry.rekey;
