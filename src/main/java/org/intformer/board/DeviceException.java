package org.intformer.board;

import org.intformer.UserError;

/** The device answered a request with an error frame. */
public final class DeviceException extends UserError {
    private final DeviceError error;

    public DeviceException(DeviceError error) {
        super("the device rejected the request: " + error.code() + String.format(" (frame type 0x%02x)", error.rejectedType()));
        this.error = error;
    }

    public DeviceError error() {
        return error;
    }
}
