/** The server API for application backends: in process ({@link io.switchboard.core.api.ServerApi}) and over HTTP. */
package io.switchboard.core.api;
