package org.opensn.streams.topology;

import java.io.IOException;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/**
 * Per object (value of {@link Names#VERDICT_STATE_STORE}): the rules' latest opinion, what was last
 * published (null when nothing is, or it was withdrawn) and the last version used.
 *
 * @param rule      the current rule verdict, or null
 * @param published the verdict currently published, or null
 * @param version   the last version published (a withdrawal uses a version too); 0 = never
 * @param updatedAt when {@code published} (or its withdrawal) was decided, epoch millis
 */
public record VerdictState(RuleVerdict rule, Decision published, long version, long updatedAt) {

    static final VerdictState EMPTY = new VerdictState(null, null, 0, 0);

    static final class Serde extends Codec<VerdictState> {
        Serde() {
            super("VerdictState", 1);
        }

        @Override
        int sizeHint(VerdictState v) {
            int size = 1 + 1 + 8 + 8;
            RuleVerdict r = v.rule();
            if (r != null) {
                size += sizeOfUTF(r.verdict().name()) + 8 + sizeOfUTF(r.reason()) + sizeOfNullableString(r.threatName());
            }
            Decision d = v.published();
            if (d != null) {
                size += sizeOfUTF(d.verdict().name()) + 8 + sizeOfUTF(d.source().name()) + sizeOfNullableString(d.reason())
                        + sizeOfNullableString(d.threatName());
            }
            return size;
        }

        @Override
        void write(VerdictState v, Out out) throws IOException {
            RuleVerdict r = v.rule();
            out.writeBoolean(r != null);
            if (r != null) {
                out.writeUTF(r.verdict().name());
                out.writeDouble(r.confidence());
                out.writeUTF(r.reason());
                writeNullableString(out, r.threatName());
            }
            Decision d = v.published();
            out.writeBoolean(d != null);
            if (d != null) {
                out.writeUTF(d.verdict().name());
                out.writeDouble(d.confidence());
                out.writeUTF(d.source().name());
                writeNullableString(out, d.reason());
                writeNullableString(out, d.threatName());
            }
            out.writeLong(v.version());
            out.writeLong(v.updatedAt());
        }

        @Override
        VerdictState read(In in) throws IOException {
            RuleVerdict rule = in.readBoolean()
                    ? new RuleVerdict(Verdict.valueOf(in.readUTF()), in.readDouble(), in.readUTF(), readNullableString(in))
                    : null;
            Decision published = in.readBoolean()
                    ? new Decision(Verdict.valueOf(in.readUTF()), in.readDouble(), VerdictSource.valueOf(in.readUTF()),
                            readNullableString(in), readNullableString(in))
                    : null;
            return new VerdictState(rule, published, in.readLong(), in.readLong());
        }
    }
}
