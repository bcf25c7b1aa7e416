/**
 * The {@code switchboard} command line: {@code serve}, {@code token} and {@code checkconfig}, a thin
 * shell around the embeddable core.
 */
package io.switchboard.server.cli;
