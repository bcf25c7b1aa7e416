/**
 * The demo chat page and its token endpoint, served only in development mode (no token key
 * configured): {@code GET /} and {@code POST /demo/token}.
 */
package io.switchboard.server.demo;
