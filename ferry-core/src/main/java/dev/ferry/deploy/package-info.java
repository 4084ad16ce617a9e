/**
 * The guarded deploy. API: {@link dev.ferry.deploy.DeployOptions} and
 * {@link dev.ferry.deploy.DeployResult} (with its steps), through {@code ferry.deploy(...)}.
 * {@code Deployment} composes the capabilities that own each step; the preflight is package-private.
 */
package dev.ferry.deploy;
