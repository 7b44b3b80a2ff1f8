#ifndef DIODE_SYSTEM_H
#define DIODE_SYSTEM_H

/// Moves the calling thread into the network namespace open at `fd` (setns with CLONE_NEWNET).
/// Returns 0, or -1 with errno set.
int diode_enter_network_namespace(int fd);



#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/// Sends `length` bytes as datagrams of `segment` bytes each (the last may be shorter) with one
/// sendmsg and UDP generic segmentation offload (UDP_SEGMENT). Returns the bytes sent, or -1 with errno.
long diode_send_segmented(int fd, const struct sockaddr *address, socklen_t address_length, const void *bytes, size_t length,
                          uint16_t segment);

/// Asks the kernel to hand over datagrams of one flow coalesced (UDP_GRO). Returns 0, or -1 with errno.
int diode_enable_receive_offload(int fd);

/// Receives into `buffer` what may be several coalesced datagrams; `*segment` is set to the size of
/// each of them (the last may be shorter). Returns the bytes received, or -1 with errno.
long diode_receive_segmented(int fd, void *buffer, size_t capacity, size_t *segment);
#endif
