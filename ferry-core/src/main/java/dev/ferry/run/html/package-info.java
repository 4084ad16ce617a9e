/**
 * Internal: the self-contained HTML page each run writes beside its JSON report ({@link
 * dev.ferry.run.html.HtmlReports}), with inline SVG charts and everything escaped. Pages are built
 * from the result's JSON form and the run's log, so this package depends on no capability.
 */
package dev.ferry.run.html;
