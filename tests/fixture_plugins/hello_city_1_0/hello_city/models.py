from tortoise import fields
from tortoise.models import Model


class Greeting(Model):
    id = fields.IntField(primary_key=True)
    text = fields.CharField(max_length=200)

    class Meta:
        table = "hello_city_greeting"
