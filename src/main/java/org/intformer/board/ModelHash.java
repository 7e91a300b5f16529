package org.intformer.board;

import java.util.zip.CRC32;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;

/**
 * The model hash a device reports in its status: CRC-32 of the model's integer-model file encoding, so the host
 * can tell whether the bitstream on the board was generated from the model it holds.
 */
public final class ModelHash {
    private ModelHash() {
    }

    public static long of(IntModel model) {
        CRC32 crc = new CRC32();
        crc.update(IntModelFile.encode(model));
        return crc.getValue();
    }
}
