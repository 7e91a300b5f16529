package org.intformer.report;

/**
 * One rendered figure: the file name under {@code plots/}, the PNG bytes and the text shown with it on a page.
 */
record Plot(String file, byte[] png, String title, String caption) {

    String relativePath() {
        return "plots/" + file;
    }
}
