"""Django's Redis cache, keeping one client per connection pool (Django builds a new
`redis.Redis` for every command, which cost more CPU than the command on a cached page), and
publishing and subscribing on the same server: what the processes sharing the cache tell
each other."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # A redis.Redis is thread-safe: it borrows a connection from the pool per command.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DirectoryRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def channel(self, name: str) -> str:
        """A channel of this site's, apart from other sites sharing the server (KEY_PREFIX)."""
        return self.make_key(name, version=0)

    def publish(self, name: str, message) -> None:
        self._cache.get_client(write=True).publish(self.channel(name), message)

    def subscribe(self, name: str):
        """A subscription to channel `name`, on a connection of its own (redis-py's PubSub):
        `listen()` yields what `publish` sends, from any process."""
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.channel(name))
        return pubsub
