// APIGateway: the HTTP gateway (Hummingbird 2) that speaks the New API console contract on top of the Engine and the read models.
