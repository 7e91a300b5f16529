package org.intformer.hw;

/** Where synthesis is asked to put a memory (the Verilog attribute the writer prints). */
public enum Placement {
    /** Block RAM: RAMB18/RAMB36 on XC7S15, EBR on iCE40 ({@code ram_style}/{@code rom_style = "block"}). */
    BLOCK,
    /** Distributed RAM in SLICEM LUTs (XC7S15 only; {@code ram_style = "distributed"}). */
    LUT_RAM,
    /** iCE40 UP5K single-port SPRAM ({@code ram_style = "huge"}). */
    SPRAM,
    /** Flip-flops and LUTs ({@code ram_style = "logic"}). */
    LOGIC,
    /** No attribute: the synthesis tool chooses. */
    TOOL;

    /** The attribute prefix of a memory declaration, empty for {@link #TOOL}; {@code rom} picks rom_style for BLOCK. */
    String attribute(boolean rom) {
        return switch (this) {
            case BLOCK -> rom ? "(* rom_style = \"block\" *) " : "(* ram_style = \"block\" *) ";
            case LUT_RAM -> "(* ram_style = \"distributed\" *) ";
            case SPRAM -> "(* ram_style = \"huge\" *) ";
            case LOGIC -> "(* ram_style = \"logic\" *) ";
            case TOOL -> "";
        };
    }
}
