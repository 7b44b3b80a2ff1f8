#ifndef DIODE_SYSTEM_H
#define DIODE_SYSTEM_H

/// Moves the calling thread into the network namespace open at `fd` (setns with CLONE_NEWNET).
/// Returns 0, or -1 with errno set.
int diode_enter_network_namespace(int fd);

#endif
