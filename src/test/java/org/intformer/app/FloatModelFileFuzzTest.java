package org.intformer.app;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.intformer.fuzz.UserErrors;
import org.intformer.io.ModelFile;

/**
 * Any bytes as a float model file (.ifm), read as eval and predict read it: decoded, then rebuilt into a
 * forecaster (configuration, architecture, tensors, scaler); or a one-line user error. The first byte picks
 * raw bytes (even) or a header and payload framed with a correct length and CRC-32 (odd), as for .iqm.
 */
class FloatModelFileFuzzTest {
    static final byte[] MAGIC = {(byte) 0x89, 'I', 'N', 'T', 'F', 'M', 'R', '\n'};

    @FuzzTest(maxDuration = "10m")
    void anyBytesAreAForecasterOrAUserError(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] file = (input[0] & 1) == 0 ? Arrays.copyOfRange(input, 1, input.length) : framed(input);
        UserErrors.only(() -> FloatModelStore.load(ModelFile.decode(file, "fuzz.ifm"), "fuzz.ifm"));
    }

    /** [1 | header length (2, LE) | header | payload] to magic | length | header | payload | CRC-32. */
    static byte[] framed(byte[] input) {
        int length = input.length >= 3 ? (input[1] & 0xff) | (input[2] & 0xff) << 8 : 0;
        int start = Math.min(3, input.length);
        int headerEnd = Math.min(start + length, input.length);
        int header = headerEnd - start;
        int payload = input.length - headerEnd;
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header + payload + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(header).put(input, start, header).put(input, headerEnd, payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
