package resolvers

import "reflect"

// Subscribe calls a resolver's method by name, through reflection, and drains the
// channel it returns.
func Subscribe(resolver interface{}, method string) []interface{} {
	out := reflect.ValueOf(resolver).MethodByName(method).Call(nil)[0]
	var got []interface{}
	for {
		v, ok := out.Recv()
		if !ok {
			return got
		}
		got = append(got, v.Interface())
	}
}
