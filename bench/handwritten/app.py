"""The Product entity of specs/helpdesk/spec.md, written by hand: the baseline of
`bench/app_throughput.py`.

The same table (`product`, and `app_user` for accounts), the same validation,
bearer tokens with the same JWT scheme (HS256, `sub` = user id, `SECRET_KEY`),
the same access rules (every role may read, only admins create) and the same
status codes and JSON shapes as the generated helpdesk app — written the
straightforward way, without what the generator needs to be general (access
conditions evaluated in SQL, hooks, cookies for the UI, per-field reference
checks). Run it with

    DATABASE_URL=sqlite:///path.db uvicorn bench.handwritten.app:app

on a database migrated by the generated app (or made with `create_tables()`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

import jwt
import sqlalchemy as sa
from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pwdlib import PasswordHash
from pydantic import AfterValidator, EmailStr, StrictBool, field_validator
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, create_engine, select

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///handwritten.db")
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me")
TOKEN_MINUTES = int(os.environ.get("TOKEN_MINUTES", "720"))
ALGORITHM = "HS256"
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
READ_ROLES = {"customer", "agent", "admin"}
CREATE_ROLES = {"admin"}
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})


@sa.event.listens_for(engine, "connect")
def _sqlite_foreign_keys(connection, _record) -> None:
    connection.execute("PRAGMA foreign_keys=ON")


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


# Own metadata, so this module can be imported next to the generated app's models.
class Model(SQLModel, registry=registry()):
    pass


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


class User(Model, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=8)
    password_hash: str = Field(max_length=200)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class ProductBase(Model):
    name: str = Field(unique=True, min_length=2, max_length=60)
    code: str = Field(unique=True, schema_extra={"pattern": r"^[A-Z]{3}$"})
    active: StrictBool = True
    homepage: str | None = Field(
        default=None, max_length=2048, schema_extra={"pattern": URL_PATTERN}
    )
    support_email: EmailStr = Field(max_length=320)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class Product(ProductBase, table=True):
    __tablename__ = "product"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class ProductCreate(ProductBase):
    pass


class ProductPublic(ProductBase):
    id: int
    created_at: UtcDatetime
    updated_at: UtcDatetime


class ProductPage(Model):
    data: list[ProductPublic]
    count: int


class Token(Model):
    access_token: str
    token_type: str = "bearer"


def create_tables() -> None:
    """The two tables, for a database the generated app has not migrated."""
    Model.metadata.create_all(engine)


password_hash = PasswordHash.recommended()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def create_token(user_id: int) -> str:
    expires = datetime.now(UTC) + timedelta(minutes=TOKEN_MINUTES)
    return jwt.encode({"sub": str(user_id), "exp": expires}, SECRET_KEY, ALGORITHM)


def current_user(session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]) -> User:
    user = None
    if token:
        try:
            user_id = int(jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])["sub"])
            user = session.get(User, user_id)
        except (jwt.PyJWTError, KeyError, ValueError):
            pass
    if user is None or not user.is_active:
        raise HTTPException(401, "Not signed in", headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def field_error(field: str, message: str) -> HTTPException:
    detail = [{"type": "value_error", "loc": ["body", field], "msg": message}]
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


app = FastAPI(title="Products (hand-written)")


@app.get("/healthz")
def health(session: SessionDep) -> dict[str, str]:
    session.exec(sa.text("SELECT 1"))
    return {"status": "ok"}


@app.post("/api/auth/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep) -> Token:
    user = session.exec(select(User).where(User.email == form.username.lower())).first()
    if (
        user is None
        or not user.is_active
        or not password_hash.verify(form.password, user.password_hash)
    ):
        raise HTTPException(401, "Wrong email or password", headers={"WWW-Authenticate": "Bearer"})
    return Token(access_token=create_token(user.id))


SortKey = Literal[
    "name", "-name", "code", "-code", "active", "-active", "homepage", "-homepage",
    "support_email", "-support_email", "id", "-id", "created_at", "-created_at",
    "updated_at", "-updated_at",
]  # fmt: skip


@app.get("/api/products", response_model=ProductPage)
def list_products(
    session: SessionDep,
    user: CurrentUser,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    sort: SortKey = "id",
    active: bool | None = None,
):
    if user.role not in READ_ROLES:
        raise HTTPException(403, "You may not read products")
    query = select(Product)
    if active is not None:
        query = query.where(Product.active == active)
    count = session.exec(select(sa.func.count()).select_from(query.subquery())).one()
    column = getattr(Product, sort.removeprefix("-"))
    query = query.order_by(column.desc() if sort.startswith("-") else column, Product.id)
    products = session.exec(query.offset(offset).limit(limit)).all()
    return ProductPage(data=products, count=count)


@app.get("/api/products/{product_id}", response_model=ProductPublic)
def read_product(product_id: int, session: SessionDep, user: CurrentUser):
    product = session.get(Product, product_id)
    if product is None or user.role not in READ_ROLES:
        raise HTTPException(404, "Product not found")
    return product


@app.post("/api/products", status_code=201, response_model=ProductPublic)
def create_product(body: ProductCreate, session: SessionDep, user: CurrentUser):
    if user.role not in CREATE_ROLES:
        raise HTTPException(403, "You may not create products")
    taken = session.exec(
        select(Product.name, Product.code).where(
            (Product.name == body.name) | (Product.code == body.code)
        )
    ).first()
    if taken is not None:
        field = "name" if taken.name == body.name else "code"
        raise field_error(field, "another product has this value")
    product = Product.model_validate(body)
    session.add(product)
    try:
        session.commit()
    except IntegrityError as error:
        raise HTTPException(409, "The database refused the change") from error
    session.refresh(product)
    return product
