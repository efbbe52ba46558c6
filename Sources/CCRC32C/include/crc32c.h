#ifndef ONELEDGER_CRC32C_H
#define ONELEDGER_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// Extends a CRC-32C (Castagnoli) over `length` bytes. Start with 0; the value is finalised.
/// Uses the SSE4.2 `crc32` instruction when the processor has it, a table otherwise.
uint32_t oneledger_crc32c_extend(uint32_t crc, const void *data, size_t length);

/// The table implementation alone, so tests can prove both paths agree.
uint32_t oneledger_crc32c_extend_software(uint32_t crc, const void *data, size_t length);

/// 1 when the hardware path is in use.
int oneledger_crc32c_hardware(void);
#endif
