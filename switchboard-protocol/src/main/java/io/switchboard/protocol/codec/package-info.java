/** JSON and Protobuf codecs of the model; stateless and thread-safe. Decoding is a security boundary: strict and bounded. */
package io.switchboard.protocol.codec;
