package org.intformer.integer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.intformer.fuzz.UserErrors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as an integer model file (.iqm): a model, or a one-line user error. The first byte picks how the
 * rest is read: even, the file's bytes as they are (magic, framing and checksum included); odd, a header length
 * (2 bytes, little-endian), the JSON header and the payload, framed with a correct length and CRC-32 so that
 * mutations reach the header and the IR behind the checksum. A model that is read must survive a round trip.
 */
class IntModelFileFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyBytesAreAModelOrAUserError(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] file = (input[0] & 1) == 0 ? Arrays.copyOfRange(input, 1, input.length) : framed(input);
        UserErrors.only(() -> {
            IntModel model = IntModelFile.decode(file, "fuzz.iqm");
            IntModel again = IntModelFile.decode(IntModelFile.encode(model), "again.iqm");
            assertThat(IntModelFile.encode(again)).isEqualTo(IntModelFile.encode(model));
        });
    }

    /** [1 | header length (2, LE) | header | payload] to a well-framed file. */
    static byte[] framed(byte[] input) {
        int length = input.length >= 3 ? (input[1] & 0xff) | (input[2] & 0xff) << 8 : 0;
        int start = Math.min(3, input.length);
        int headerEnd = Math.min(start + length, input.length);
        return IntModelFile.assemble(Arrays.copyOfRange(input, start, headerEnd), Arrays.copyOfRange(input, headerEnd, input.length));
    }
}
