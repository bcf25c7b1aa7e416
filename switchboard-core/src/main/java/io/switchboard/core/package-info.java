/** The embeddable node: {@link io.switchboard.core.Switchboard} builds, starts and drains it. */
package io.switchboard.core;
