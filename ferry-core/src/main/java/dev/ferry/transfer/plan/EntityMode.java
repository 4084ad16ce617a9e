package dev.ferry.transfer.plan;

/** Whether an entity inserts new rows or updates rows already in the target (an in-place backfill). */
public enum EntityMode { INSERT, UPDATE }
