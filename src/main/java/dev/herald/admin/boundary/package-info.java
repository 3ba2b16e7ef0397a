/** What operators call: health, stats and metrics. */
package dev.herald.admin.boundary;
