#define _GNU_SOURCE
#include <sched.h>
#include "diode_system.h"

int diode_enter_network_namespace(int fd) {
    return setns(fd, CLONE_NEWNET);
}
