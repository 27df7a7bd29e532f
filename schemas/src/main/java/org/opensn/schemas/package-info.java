/**
 * The contract shared by every OpenSN component: the Avro value types (generated into
 * {@code org.opensn.schemas.avro} from {@code src/main/avro}), the topics that carry them
 * ({@link org.opensn.schemas.Topics}, {@link org.opensn.schemas.Topic}) and object references
 * ({@link org.opensn.schemas.ObjectRef}).
 *
 * <p>Keys on every contract topic are UTF-8 strings (an object ref, or threat + window for
 * statistics); values are Avro in the Confluent wire format, see {@code org.opensn.schemas.serde}.
 */
package org.opensn.schemas;
