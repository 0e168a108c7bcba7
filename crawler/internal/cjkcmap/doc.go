// Package cjkcmap holds the data a PDF reader needs to turn the character
// codes of CJK fonts into text when a font carries no ToUnicode map:
//
//   - the predefined CMaps that PDF names (90ms-RKSJ-H, UniJIS-UCS2-H,
//     EUC-H, H, V, GBK-EUC-H, UniGB-UCS2-H, B5pc-H, KSCms-UHC-H, ...), which
//     take a string's bytes to codes and codes to CIDs, plus Identity-H and
//     Identity-V;
//   - the Unicode value of each CID of the four Adobe character collections
//     Adobe-Japan1, Adobe-GB1, Adobe-CNS1 and Adobe-Korea1.
//
// The data is generated from Adobe's cmap-resources (BSD-3-Clause, see
// LICENSE-cmap-resources.md) by ./gencjkcmap into cjk.bin; format.go
// describes its layout and SOURCE.md the commit it was built from. It is
// decoded on first use, so a process that never meets such a font pays
// nothing.
package cjkcmap
