/**
 * Plain HTTP routes served beside the WebSocket endpoint, described without Netty types so that the
 * server API, health checks and the demo page can be written and tested as plain Java.
 */
package io.switchboard.core.http;
