#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/uio.h>
#include "diode_system.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

int diode_enter_network_namespace(int fd) {
    return setns(fd, CLONE_NEWNET);
}

long diode_send_segmented(int fd, const struct sockaddr *address, socklen_t address_length, const void *bytes, size_t length,
                          uint16_t segment) {
    struct iovec vector = { .iov_base = (void *)bytes, .iov_len = length };
    char control[CMSG_SPACE(sizeof(uint16_t))];
    memset(control, 0, sizeof(control));
    struct msghdr message = {
        .msg_name = (void *)address, .msg_namelen = address_length,
        .msg_iov = &vector, .msg_iovlen = 1,
        .msg_control = control, .msg_controllen = sizeof(control),
    };
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    memcpy(CMSG_DATA(header), &segment, sizeof(uint16_t));
    return sendmsg(fd, &message, 0);
}

int diode_enable_receive_offload(int fd) {
    int one = 1;
    return setsockopt(fd, IPPROTO_UDP, UDP_GRO, &one, sizeof(one));
}

long diode_receive_segmented(int fd, void *buffer, size_t capacity, size_t *segment) {
    struct iovec vector = { .iov_base = buffer, .iov_len = capacity };
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr message = {
        .msg_iov = &vector, .msg_iovlen = 1,
        .msg_control = control, .msg_controllen = sizeof(control),
    };
    long received = recvmsg(fd, &message, 0);
    if (received < 0) return received;
    *segment = (size_t)received;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header != NULL; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_UDP && header->cmsg_type == UDP_GRO) {
            int size;
            memcpy(&size, CMSG_DATA(header), sizeof(size));
            if (size > 0) *segment = (size_t)size;
        }
    }
    return received;
}
