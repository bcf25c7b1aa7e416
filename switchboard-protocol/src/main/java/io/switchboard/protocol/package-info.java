/** The wire model shared by the node and every client: commands, replies, pushes and the code tables. No Netty. */
package io.switchboard.protocol;
