#ifndef DIODE_KERNELS_H
#define DIODE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Multiplies `src` by one GF(2^8) constant and adds (xor) or stores the product into `dst`.
/// `tables` holds 32 bytes: the products of the constant with the low nibbles 0..15, then with the
/// high nibbles 0x00, 0x10, ..., 0xF0 (the split-table form that PSHUFB evaluates 32 bytes at a time).
void diode_gf_mul_region(const uint8_t *tables, const uint8_t *src, uint8_t *dst, size_t length, int accumulate);

/// 1 when the AVX2 kernel is in use, 0 for the portable one.
int diode_gf_uses_avx2(void);

#endif
