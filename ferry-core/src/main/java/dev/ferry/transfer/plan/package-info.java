/**
 * Transfer plans: loaded, checked and compiled against real databases. API:
 * {@link dev.ferry.transfer.plan.TransferPlan} and the records it is made of. The compiled form
 * (entity jobs with their dependencies and second passes, source queries, row mappers, key UUIDs)
 * is shared by transfer and verify, so that both see a row exactly as the plan makes it.
 */
package dev.ferry.transfer.plan;
