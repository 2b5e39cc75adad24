#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <qrcodegen.h>

/// qrcodegen_BUFFER_LEN_MAX is a macro Swift cannot import: the buffer size for any QR version.
static inline size_t homeroom_qrcodegen_buffer_len_max(void) { return qrcodegen_BUFFER_LEN_MAX; }
