/** Option records of the node, validated on construction; errors name the configuration key. */
package io.switchboard.core.config;
