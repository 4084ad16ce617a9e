/**
 * Ferry's Java API. {@link dev.ferry.Ferry} opens one environment of a project and hands out each
 * capability; {@link dev.ferry.FerryException} with its {@link dev.ferry.ErrorCode} is the one
 * failure every call may raise. The capability packages below hold the entry classes, options and
 * result records users work with; every package says in its own {@code package-info} which of its
 * types are API and which are engine.
 *
 * <p>API packages: {@code backup}, {@code config}, {@code deploy}, {@code doctor}, {@code migration},
 * {@code protection}, {@code seed}, {@code snapshot}, {@code transfer}, {@code transfer.plan},
 * {@code transfer.transform}, {@code verify}. Internal packages (public only so that the
 * capabilities can share them; no compatibility promise): {@code db}, {@code db.embedded},
 * {@code run}, {@code examples}.
 */
package dev.ferry;
