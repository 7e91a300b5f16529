package org.intformer.board;

import org.intformer.UserError;

/** Bytes from the device that are not a valid frame, or a reply that does not answer the request. */
public final class ProtocolException extends UserError {
    public ProtocolException(String message) {
        super(message);
    }
}
