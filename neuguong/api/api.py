from ninja import NinjaAPI

api = NinjaAPI(title="Nêu gương API", version="1", urls_namespace="api")
