/** Limits on what clients control: token buckets for commands and handshakes, connection counts. */
package io.switchboard.core.limit;
