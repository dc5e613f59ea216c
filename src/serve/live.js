// placeholder until the client script lands
