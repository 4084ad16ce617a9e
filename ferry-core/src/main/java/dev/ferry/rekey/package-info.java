/**
 * Re-keying a live database in place, integer keys to name-based UUIDs. API:
 * {@link dev.ferry.rekey.Rekeys} (from {@code ferry.rekeys(plan)}), {@link dev.ferry.rekey.RekeyPlanLoader},
 * {@link dev.ferry.rekey.RekeyPlan}, {@link dev.ferry.rekey.ExpandOptions}, {@link dev.ferry.rekey.ContractOptions}, {@link dev.ferry.rekey.BeforeExpand} and the
 * result records {@link dev.ferry.rekey.RekeyAnalysis}, {@link dev.ferry.rekey.ExpandResult}, {@link dev.ferry.rekey.SwitchResult},
 * {@link dev.ferry.rekey.ContractResult}, {@link dev.ferry.rekey.RekeyStatus}, {@link dev.ferry.rekey.CompatReport},
 * {@link dev.ferry.rekey.CompatWatchResult}, {@link dev.ferry.rekey.CompatClient}.
 * Engine: the model, analyzer, expander, backfill, switcher, view twins, key verifier, contractor, usage sampling, state table and statement runner.
 */
package dev.ferry.rekey;
