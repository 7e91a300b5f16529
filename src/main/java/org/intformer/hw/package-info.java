/**
 * FPGA accelerator generation for integer models: {@link org.intformer.hw.VerilogGenerator} writes a
 * Verilog-2005 design with a shared MAC-lane array driven by a static schedule, {@link org.intformer.hw.Simulation}
 * verifies it bit for bit against the Java interpreter under Verilator or Icarus Verilog. See docs/HARDWARE.md.
 */
package org.intformer.hw;
