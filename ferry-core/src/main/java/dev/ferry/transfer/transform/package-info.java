/**
 * Value transforms named in plans, and the {@link dev.ferry.transfer.transform.TransformProvider}
 * service interface through which an application adds its own. API.
 */
package dev.ferry.transfer.transform;
