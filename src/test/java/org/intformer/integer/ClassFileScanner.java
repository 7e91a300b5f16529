package org.intformer.integer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every use of float or double in one compiled class: float/double constants, field and method
 * descriptors (its own and those it references) with an F or D type, and float/double bytecode
 * instructions. A minimal class-file reader (JVMS §4), walking each method's Code attribute instruction by
 * instruction so that operand bytes are never mistaken for opcodes.
 */
final class ClassFileScanner {

    private ClassFileScanner() {
    }

    /** The float/double uses found, one description each; empty if the class is integer-only. */
    static List<String> floatUses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        List<String> found = new ArrayList<>();
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] tags = new int[count];
        List<Integer> descriptorRefs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3 -> in.readInt();
                case 4 -> {
                    in.readInt();
                    found.add("float constant #" + i);
                }
                case 5 -> {
                    in.readLong();
                    i++;
                }
                case 6 -> {
                    in.readLong();
                    found.add("double constant #" + i);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 18, 17 -> in.skipNBytes(4);
                case 12 -> {
                    in.readUnsignedShort();
                    descriptorRefs.add(in.readUnsignedShort());
                }
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        for (int ref : descriptorRefs) {
            checkDescriptor(utf8[ref], "referenced member", found);
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            checkDescriptor(utf8[in.readUnsignedShort()], "field " + name, found);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            checkDescriptor(utf8[in.readUnsignedShort()], "method " + name, found);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                byte[] body = in.readNBytes(length);
                if (attribute.equals("Code")) {
                    int codeLength = ((body[4] & 0xff) << 24) | ((body[5] & 0xff) << 16) | ((body[6] & 0xff) << 8) | (body[7] & 0xff);
                    scanCode(body, 8, codeLength, name, found);
                }
            }
        }
        return found;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }

    /** Flags F or D as a type in a field or method descriptor (skipping class names, which may contain them). */
    static void checkDescriptor(String descriptor, String where, List<String> found) {
        for (int i = 0; i < descriptor.length(); i++) {
            char c = descriptor.charAt(i);
            if (c == 'L') {
                i = descriptor.indexOf(';', i);
            } else if (c == 'F' || c == 'D') {
                found.add(where + " has descriptor " + descriptor);
                return;
            }
        }
    }

    /** Opcodes that operate on float or double values (JVMS §6.5). */
    static boolean isFloatOpcode(int op) {
        return (op >= 0x0b && op <= 0x0f)        // fconst, dconst
                || op == 0x17 || op == 0x18       // fload, dload
                || (op >= 0x22 && op <= 0x29)     // fload_n, dload_n
                || op == 0x30 || op == 0x31       // faload, daload
                || op == 0x38 || op == 0x39       // fstore, dstore
                || (op >= 0x43 && op <= 0x4a)     // fstore_n, dstore_n
                || op == 0x51 || op == 0x52       // fastore, dastore
                || op == 0x62 || op == 0x63 || op == 0x66 || op == 0x67 // fadd dadd fsub dsub
                || op == 0x6a || op == 0x6b || op == 0x6e || op == 0x6f // fmul dmul fdiv ddiv
                || op == 0x72 || op == 0x73 || op == 0x76 || op == 0x77 // frem drem fneg dneg
                || op == 0x86 || op == 0x87       // i2f i2d (0x88 between them is l2i)
                || (op >= 0x89 && op <= 0x90)     // l2f l2d f2i f2l f2d d2i d2l d2f
                || (op >= 0x95 && op <= 0x98)     // fcmpl fcmpg dcmpl dcmpg
                || op == 0xae || op == 0xaf;      // freturn dreturn
    }

    private static void scanCode(byte[] body, int start, int length, String method, List<String> found) throws IOException {
        int pc = 0;
        while (pc < length) {
            int op = body[start + pc] & 0xff;
            if (isFloatOpcode(op)) {
                found.add(String.format("method %s: opcode 0x%02x at %d", method, op, pc));
            }
            if (op == 0xbc) { // newarray: T_FLOAT = 6, T_DOUBLE = 7
                int type = body[start + pc + 1];
                if (type == 6 || type == 7) {
                    found.add("method " + method + ": newarray of " + (type == 6 ? "float" : "double") + " at " + pc);
                }
            }
            if (op == 0xc4) { // wide: the modified opcode may itself be fload/dload/fstore/dstore
                int modified = body[start + pc + 1] & 0xff;
                if (isFloatOpcode(modified)) {
                    found.add(String.format("method %s: wide opcode 0x%02x at %d", method, modified, pc));
                }
            }
            pc += instructionLength(body, start, pc, op);
        }
        if (pc != length) {
            throw new IOException("method " + method + ": instructions overrun the code");
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** Length in bytes of the instruction at {@code pc}, operands included. */
    static int instructionLength(byte[] body, int start, int pc, int op) throws IOException {
        switch (op) {
            case 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc:
                return 2;
            case 0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7:
                return 3;
            case 0xc5:
                return 4;
            case 0xb9, 0xba, 0xc8, 0xc9:
                return 5;
            case 0xc4:
                return (body[start + pc + 1] & 0xff) == 0x84 ? 6 : 4;
            case 0xaa: { // tableswitch: pad to 4, default, low, high, (high − low + 1) offsets
                int at = start + pc + 1 + ((4 - (pc + 1) % 4) % 4);
                int low = readInt(body, at + 4);
                int high = readInt(body, at + 8);
                return at - start - pc + 12 + 4 * (high - low + 1);
            }
            case 0xab: { // lookupswitch: pad to 4, default, npairs, npairs (match, offset) pairs
                int at = start + pc + 1 + ((4 - (pc + 1) % 4) % 4);
                int pairs = readInt(body, at + 4);
                return at - start - pc + 8 + 8 * pairs;
            }
            default:
                if (op >= 0x99 && op <= 0xa8) {
                    return 3; // conditional branches, goto, jsr
                }
                if (op > 0xc9) {
                    throw new IOException(String.format("unknown opcode 0x%02x at %d", op, pc));
                }
                return 1;
        }
    }
}
