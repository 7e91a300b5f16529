package org.intformer.board;

import java.util.zip.CRC32;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;

/**
 * The model hash a device reports in its status, so the host can tell whether the bitstream on the board was
 * generated from the model it holds: the CRC-32 of the model's integer-model file encoding without its last four
 * bytes, i.e. the CRC the file itself ends with. (The CRC-32 of the whole file would be the same constant for every
 * model: a CRC over data followed by its own CRC is the polynomial's residue.)
 */
public final class ModelHash {
    private ModelHash() {
    }

    public static long of(IntModel model) {
        byte[] file = IntModelFile.encode(model);
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 4);
        return crc.getValue();
    }
}
