/** Autobahn|Testsuite harness: the node's own WebSocket pipeline with an echo endpoint in place of the hub. */
package io.switchboard.conformance;
