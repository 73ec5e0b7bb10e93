import errno

print(errno.EPERM, errno.ENOENT, errno.EIO, errno.EBADF, errno.EAGAIN, errno.ENOMEM)
print(errno.EACCES, errno.EEXIST, errno.ENODEV, errno.EISDIR, errno.EINVAL)
print(errno.ETIMEDOUT, errno.ENOTCONN, errno.ECONNRESET, errno.EOPNOTSUPP)
print(errno.EADDRINUSE, errno.ECONNABORTED, errno.ECONNREFUSED, errno.EHOSTUNREACH)
print(errno.EALREADY, errno.EINPROGRESS, errno.ENOBUFS)
for n in (errno.EPERM, errno.ENOENT, errno.EIO, errno.EAGAIN, errno.EINVAL, errno.ETIMEDOUT):
    print(n, errno.errorcode[n])
try:
    raise OSError(errno.ENOENT, "no such file")
except OSError as e:
    print(e.errno == errno.ENOENT, errno.errorcode[e.errno])
