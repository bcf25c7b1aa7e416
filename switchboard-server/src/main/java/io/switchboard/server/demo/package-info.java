/**
 * The demo chat, served only in development mode (no token key configured): the page and its scripts
 * ({@code GET /}, {@code /demo/chat.js}, {@code /demo/switchboard.js}, the JavaScript client), tokens for
 * anyone ({@code POST /demo/token}) and announcements to everyone ({@code POST /demo/announce}).
 */
package io.switchboard.server.demo;
