/** The single-node engine: broker, history and presence held in this process (lost on restart, hence new epochs). */
package io.switchboard.core.engine.memory;
